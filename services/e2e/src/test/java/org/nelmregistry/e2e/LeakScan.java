package org.nelmregistry.e2e;

import org.nelmregistry.testsupport.SampleCases;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for patients' identifier values in text that must hold none (topics, databases, logs,
 * exports), in the forms a leak could take, not only as submitted:
 * <ul>
 * <li>any letter case, accents stripped and some letters transliterated ({@code Müller},
 * {@code MULLER}, {@code Øyvind} / {@code oyvind}), punctuation and spaces removed (the service's
 * normalised national id {@code NID12377} for {@code NID-123/77}, an e-mail without its dots);</li>
 * <li>JSON {@code \}{@code uXXXX} escapes and URL {@code %XX} escapes decoded;</li>
 * <li>base64 (standard and URL-safe) runs decoded;</li>
 * <li>birth dates as {@code yyyy-MM-dd}, {@code dd.MM.yyyy}, {@code dd/MM/yyyy}, {@code dd-MM-yyyy} and {@code yyyyMMdd}.</li>
 * </ul>
 * Values shorter than six characters (after normalisation) are not searched: they would match
 * by chance. The sample identities carry a unique tag in every value but the birth date.
 */
final class LeakScan {

    static final int MIN_LENGTH = 6;
    static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{12,}={0,2}");
    static final Pattern JSON_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
    static final Pattern URL_ESCAPE = Pattern.compile("(%[0-9a-fA-F]{2})+");
    static final List<Pattern> DATES = List.of(
            Pattern.compile("(?<![0-9])(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})(?![0-9])"),
            Pattern.compile("(?<![0-9])(?<d>[0-9]{2})[./-](?<m>[0-9]{2})[./-](?<y>[0-9]{4})(?![0-9])"),
            Pattern.compile("(?<![0-9])(?<y>[0-9]{4})(?<m>[0-9]{2})(?<d>[0-9]{2})(?![0-9])"));

    private LeakScan() {
    }

    /** Fails when any identifier value of {@code people} is in {@code text} in any form above. */
    static void assertNoIdentity(String where, String text, Collection<SampleCases.Identity> people,
            UnaryOperator<LocalDate> birthDateAsSubmitted) {
        List<String> found = find(text, people, birthDateAsSubmitted);
        if (!found.isEmpty()) {
            throw new AssertionError(where + " holds identifier values of " + found.size() + " kind(s), e.g. "
                    + found.subList(0, Math.min(5, found.size())));
        }
    }

    /** What was found, as "field of the identity" (never the value itself: test reports are shared). */
    static List<String> find(String text, Collection<SampleCases.Identity> people, UnaryOperator<LocalDate> birthDateAsSubmitted) {
        String expanded = expand(text);
        String squeezed = squeeze(expanded);
        List<String> found = new ArrayList<>();
        // needles grouped by their first characters, so a thousand people cost a few searches
        Map<String, List<String[]>> byAnchor = new LinkedHashMap<>();
        Map<LocalDate, String> births = new LinkedHashMap<>();
        String[] fields = {"local_ref", "family_name", "given_name", "birth_date", "national_id", "medical_record_number",
                "postcode", "phone", "email", "notes"};
        int n = 0;
        for (SampleCases.Identity who : people) {
            List<String> values = who.values();
            for (int i = 0; i < values.size(); i++) {
                if (fields[i].equals("birth_date")) {
                    births.put(birthDateAsSubmitted.apply(LocalDate.parse(values.get(i))), "birth_date of person " + n);
                    continue;
                }
                String needle = squeeze(values.get(i));
                if (needle.length() < MIN_LENGTH) {
                    continue;
                }
                byAnchor.computeIfAbsent(needle.substring(0, Math.min(12, needle.length())), k -> new ArrayList<>())
                        .add(new String[] {needle, fields[i] + " of person " + n});
            }
            n++;
        }
        for (var e : byAnchor.entrySet()) {
            for (int at = squeezed.indexOf(e.getKey()); at >= 0; at = squeezed.indexOf(e.getKey(), at + 1)) {
                for (String[] needle : e.getValue()) {
                    if (squeezed.startsWith(needle[0], at) && !found.contains(needle[1])) {
                        found.add(needle[1]);
                    }
                }
            }
        }
        for (LocalDate d : dates(expanded)) {
            if (births.containsKey(d) && !found.contains(births.get(d))) {
                found.add(births.get(d));
            }
        }
        return found;
    }

    /** The text followed by its JSON-unescaped, URL-decoded and base64-decoded forms. */
    static String expand(String text) {
        StringBuilder sb = new StringBuilder(text.length() * 2).append(text).append('\n');
        sb.append(replace(JSON_ESCAPE, text, m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)))).append('\n');
        sb.append(replace(URL_ESCAPE, text, m -> {
            String hex = m.group().replace("%", "");
            byte[] b = new byte[hex.length() / 2];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return new String(b, StandardCharsets.UTF_8);
        })).append('\n');
        Matcher m = BASE64_RUN.matcher(text);
        while (m.find()) {
            String run = m.group().replace('-', '+').replace('_', '/').replace("=", "");
            // restore the padding (a run may lack it); a lone trailing character cannot be decoded
            run = switch (run.length() % 4) {
                case 1 -> run.substring(0, run.length() - 1);
                case 2 -> run + "==";
                case 3 -> run + "=";
                default -> run;
            };
            try {
                sb.append(new String(Base64.getDecoder().decode(run), StandardCharsets.UTF_8)).append('\n');
            } catch (IllegalArgumentException notBase64) {
                // not base64 after all
            }
        }
        return sb.toString();
    }

    private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        return m.appendTail(sb).toString();
    }

    /** Lower case, accents stripped, a few letters transliterated, only letters and digits kept. */
    static String squeeze(String s) {
        String folded = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT)
                .replace("ø", "o").replace("æ", "ae").replace("œ", "oe").replace("ß", "ss").replace("đ", "d")
                .replace("ł", "l").replace("þ", "th").replace("ı", "i");
        StringBuilder sb = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** Every calendar date written in one of the formats above. */
    static Set<LocalDate> dates(String text) {
        Set<LocalDate> out = new HashSet<>();
        for (Pattern p : DATES) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                try {
                    out.add(LocalDate.of(Integer.parseInt(m.group("y")), Integer.parseInt(m.group("m")), Integer.parseInt(m.group("d"))));
                } catch (DateTimeException notADate) {
                    // e.g. an 8-digit number that is no date
                }
            }
        }
        return out;
    }

    /** A sample identity with non-ASCII names and a punctuated national id (the service normalises both). */
    static SampleCases.Identity nonAscii(String tag) {
        SampleCases.Identity base = SampleCases.identity(tag);
        return new SampleCases.Identity(base.localRef(), "Müller-Lüdenscheidt" + tag, "Øyvind Ærø" + tag, base.birthDate(),
                "NID-" + tag + "/77", base.mrn(), base.postcode(), base.phone(), base.email(),
                "Patientin " + tag + " äußert Schmerzen");
    }
}
