package org.nelmregistry.common.config;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL puts a violating row's values into the error's "Detail" (e.g. a unique key's
 * local_ref), and the driver copies it into exceptions that end up in logs. Every configured
 * connection turns that off with {@code logServerErrorDetail=false}.
 */
class JdbcUrlsTest {

    static final String OPTION = "logServerErrorDetail=false";
    static final Pattern JDBC = Pattern.compile("jdbc:postgresql://[^\\s\"']+");

    @Test
    void everyServiceConnectionHidesTheServersErrorDetail() throws Exception {
        int urls = 0;
        for (String service : List.of("submission", "deidentification", "reporting")) {
            Path file = Path.of("../" + service + "/src/main/resources/application.properties");
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            assertEquals("false", p.getProperty("quarkus.datasource.jdbc.additional-jdbc-properties.logServerErrorDetail"),
                    service + ": the driver property, for a URL supplied at deployment (" + file + ")");
            for (String key : p.stringPropertyNames()) {
                if (key.endsWith("quarkus.datasource.jdbc.url")) {
                    String url = p.getProperty(key);
                    assertTrue(url.startsWith("${") || url.contains(OPTION), service + " " + key + "=" + url);
                    urls++;
                }
            }
        }
        assertEquals(9, urls, "a URL per profile (dev, test, prod) and service");
    }

    @Test
    void everyUrlInTheComposeFileHidesTheServersErrorDetail() throws Exception {
        List<String> found = new ArrayList<>();
        Matcher m = JDBC.matcher(Files.readString(Path.of("../../docker-compose.yml")));
        while (m.find()) {
            found.add(m.group());
        }
        assertEquals(4, found.size(), found.toString());
        found.forEach(u -> assertTrue(u.contains(OPTION), u));
    }
}
