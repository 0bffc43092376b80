package org.nelmregistry.testsupport;

/**
 * Where the test stack that {@code ./registry test} starts can be reached: its own ports,
 * databases and Keycloak data, so a test run never touches {@code ./registry up}.
 * Keep in step with {@code cmd_test} in the {@code registry} launcher.
 */
public final class TestStack {

    public static final String KAFKA = env("REGISTRY_TEST_KAFKA", "127.0.0.1:19092");
    public static final String KEYCLOAK = env("REGISTRY_TEST_KEYCLOAK", "http://127.0.0.1:18180");
    public static final String KEYCLOAK_HEALTH = env("REGISTRY_TEST_KEYCLOAK_HEALTH", "http://127.0.0.1:19000/health/ready");
    public static final String REALM_URL = KEYCLOAK + "/realms/registry";
    public static final String POSTGRES_HOST = env("REGISTRY_TEST_PGHOST", "127.0.0.1");
    public static final int POSTGRES_PORT = Integer.parseInt(env("REGISTRY_TEST_PGPORT", "5432"));
    /** Databases of the services launched by end-to-end tests: {@code <service>_e2e}. */
    public static final String E2E_DB_SUFFIX = "_e2e";

    private TestStack() {
    }

    /** The development password of a service's login role (refused by the prod profile). */
    public static String dbPassword(String service) {
        return "dev-only-" + service;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + POSTGRES_HOST + ":" + POSTGRES_PORT + "/" + database;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
