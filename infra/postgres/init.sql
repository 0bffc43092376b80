-- One database and one login role per service (+ Keycloak's). Development passwords only:
-- the prod profile of every service refuses values starting with "dev-only-".
-- ./registry does the same with psql; docker-compose mounts this file into postgres.
CREATE ROLE submission LOGIN PASSWORD 'dev-only-submission';
CREATE ROLE deidentification LOGIN PASSWORD 'dev-only-deidentification';
CREATE ROLE reporting LOGIN PASSWORD 'dev-only-reporting';
CREATE ROLE keycloak LOGIN PASSWORD 'dev-only-keycloak';
CREATE DATABASE submission OWNER submission;
CREATE DATABASE deidentification OWNER deidentification;
CREATE DATABASE reporting OWNER reporting;
CREATE DATABASE keycloak OWNER keycloak;
