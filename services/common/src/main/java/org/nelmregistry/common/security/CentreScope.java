package org.nelmregistry.common.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Which centres' data a caller reaches: every centre with {@link Permissions#CENTRES_ALL}, else
 * only the centre of its token (a token without one gets 403) — and always only that centre for
 * a centre role, even one that also holds a role with {@code centres:all} (identities never
 * cross centres). Every path that reads or writes a centre's data asks here.
 */
@RequestScoped
public class CentreScope {

    @Inject
    Caller caller;

    /** Empty: every centre; else the one centre the caller is held to. */
    public Optional<String> restriction() {
        return caller.heldToOwnCentre() ? Optional.of(caller.requireCentre()) : Optional.empty();
    }

    /** Whether the caller reaches this centre's data. */
    public boolean covers(String centreId) {
        return restriction().map(own -> own.equals(centreId)).orElse(true);
    }
}
