package org.nelmregistry.contracts;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopicsTest {

    /** infra/kafka/topics.conf creates the topics; it must name exactly the contract's topics. */
    @Test
    void infraCreatesExactlyTheContractTopics() throws Exception {
        Path conf = Path.of("../../infra/kafka/topics.conf");
        List<String> names = Files.readAllLines(conf).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")[0])
                .sorted().toList();
        assertEquals(Topics.ALL.stream().sorted().toList(), names);
    }
}
