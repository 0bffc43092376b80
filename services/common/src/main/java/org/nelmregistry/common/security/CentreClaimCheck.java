package org.nelmregistry.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.regex.Pattern;

/**
 * Refuses a token whose {@code centre_id} claim is not one centre code ({@code C} and three
 * digits, e.g. {@code C001}): an array, a number, a list in a string or a lower-case code is a
 * token problem, so the request gets 401 like any other bad token, before any resource
 * compares centres. A token without the claim passes here; a centre role without a centre
 * gets 403 from {@link Caller#requireCentre()}.
 */
@ApplicationScoped
public class CentreClaimCheck implements SecurityIdentityAugmentor {

    /** The form of a centre code, as the realm's users carry it. */
    public static final Pattern CENTRE_ID = Pattern.compile("C[0-9]{3}");

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.containsClaim(Caller.CENTRE_ID_CLAIM) && !valid(jwt.getClaim(Caller.CENTRE_ID_CLAIM))) {
            // the claim's value is not echoed: the message reaches logs at DEBUG only
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed centre_id claim"));
        }
        return Uni.createFrom().item(identity);
    }

    /** One string (a JSON string) of the form {@code C000}; anything else is malformed. */
    public static boolean valid(Object claim) {
        String s;
        if (claim instanceof String str) {
            s = str;
        } else if (claim instanceof jakarta.json.JsonString js) {
            s = js.getString();
        } else {
            return false;
        }
        return CENTRE_ID.matcher(s).matches();
    }
}
