package org.nelmregistry.generator;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;

/**
 * Names and formats by country, with the accents real registries must store (Müller, Øyvind,
 * José, Łukasz, Dvořák). Synthetic: combinations are random, so no real person is meant.
 */
final class Names {

    /** Centre countries, in the order centres are given them. */
    static final List<String> COUNTRIES = List.of("DE", "FR", "IT", "ES", "NL", "CH", "NO", "SE", "GB", "AT", "BE", "PL",
            "PT", "DK", "CZ");

    record Pool(List<String> family, List<String> female, List<String> male, String phonePrefix) {
    }

    private static final Map<String, Pool> POOLS = Map.ofEntries(
            Map.entry("DE", new Pool(List.of("Müller", "Schröder", "Weiß", "Becker", "Hoffmann", "Schäfer", "Köhler", "Krüger", "Braun", "Groß"),
                    List.of("Jürgen", "Anna", "Käthe", "Ursula", "Maria", "Sabine", "Renate", "Jörg"), List.of("Jörg", "Günther", "Stefan", "Klaus", "Björn", "Uwe", "Matthias", "Thomas"), "+49")),
            Map.entry("AT", new Pool(List.of("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Mörth", "Schönbauer", "Hölzl"),
                    List.of("Theresia", "Elisabeth", "Johanna", "Brigitte", "Lea"), List.of("Franz", "Josef", "Lukas", "Andreas", "Günter"), "+43")),
            Map.entry("CH", new Pool(List.of("Meier", "Brunner", "Zürcher", "Baumann", "Frei", "Käser", "Rüegg", "Lüthi"),
                    List.of("Regula", "Verena", "Chantal", "Margrit", "Zoë"), List.of("Reto", "Urs", "Beat", "Rémy", "Dominik"), "+41")),
            Map.entry("FR", new Pool(List.of("Martin", "Lefèvre", "Bernard", "Dubois", "Girard", "Fournier", "Lemaître", "Bélanger", "Moreau", "Faure"),
                    List.of("Hélène", "Élodie", "Françoise", "Chloé", "Amélie", "Marie", "Cécile"), List.of("François", "Jérôme", "Benoît", "Noël", "Hervé", "Luc", "Gaëtan"), "+33")),
            Map.entry("IT", new Pool(List.of("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Niccolò", "De Luca", "Galli"),
                    List.of("Giulia", "Francesca", "Chiara", "Rosa", "Lucia", "Paola"), List.of("Niccolò", "Giuseppe", "Lorenzo", "Andrea", "Marco", "Nicolò"), "+39")),
            Map.entry("ES", new Pool(List.of("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Núñez", "Muñoz"),
                    List.of("María", "Lucía", "Inés", "Begoña", "Pilar", "Ángela"), List.of("José", "Jesús", "Íñigo", "Andrés", "Ramón", "Álvaro"), "+34")),
            Map.entry("PT", new Pool(List.of("Silva", "Santos", "Gonçalves", "Simões", "Conceição", "Magalhães", "Araújo", "Pereira"),
                    List.of("Conceição", "Inês", "Joana", "Mafalda"), List.of("João", "Tomás", "Luís", "Sebastião"), "+351")),
            Map.entry("NL", new Pool(List.of("de Vries", "van Dijk", "Jansen", "Bakker", "Visser", "Smit", "van den Berg", "Meijer"),
                    List.of("Anouk", "Femke", "Marloes", "Eline", "Noor"), List.of("Daan", "Sjoerd", "Joost", "Bram", "Thijs"), "+31")),
            Map.entry("BE", new Pool(List.of("Peeters", "Janssens", "Maes", "Dupont", "Lambert", "Claes", "Wouters", "Lemaître"),
                    List.of("Aurélie", "Lotte", "Margaux", "Sofie"), List.of("Pieter", "Arnaud", "Wout", "Rémi"), "+32")),
            Map.entry("NO", new Pool(List.of("Hansen", "Johansen", "Olsen", "Larsen", "Sørensen", "Dahl", "Bråten", "Løvås", "Haugen"),
                    List.of("Ingrid", "Åse", "Solveig", "Kjersti", "Sigrún"), List.of("Øyvind", "Håkon", "Bjørn", "Ståle", "Ola"), "+47")),
            Map.entry("SE", new Pool(List.of("Andersson", "Johansson", "Karlsson", "Nilsson", "Öberg", "Åström", "Lindqvist", "Ekström"),
                    List.of("Åsa", "Märta", "Linnéa", "Karin", "Ebba"), List.of("Göran", "Örjan", "Anders", "Måns", "Nils"), "+46")),
            Map.entry("DK", new Pool(List.of("Nielsen", "Jensen", "Pedersen", "Sørensen", "Møller", "Christensen", "Østergaard"),
                    List.of("Mette", "Søs", "Birgitte", "Signe"), List.of("Søren", "Jørgen", "Mads", "Rasmus"), "+45")),
            Map.entry("GB", new Pool(List.of("Smith", "Jones", "Taylor", "O'Brien", "Williams", "Brown-Wright", "Davies", "MacLeod"),
                    List.of("Siobhán", "Emma", "Olivia", "Margaret", "Zoë"), List.of("Oliver", "Seán", "James", "George", "Rhys"), "+44")),
            Map.entry("PL", new Pool(List.of("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"),
                    List.of("Małgorzata", "Agnieszka", "Krystyna", "Zofia"), List.of("Łukasz", "Paweł", "Michał", "Wojciech", "Jerzy"), "+48")),
            Map.entry("CZ", new Pool(List.of("Dvořák", "Novák", "Svoboda", "Černý", "Procházka", "Kučera", "Veselý", "Horák"),
                    List.of("Jana", "Kateřina", "Lenka", "Zdeňka"), List.of("Jiří", "Tomáš", "Petr", "Lukáš", "Miroslav"), "+420")));

    private Names() {
    }

    static Pool pool(String country) {
        return POOLS.get(country);
    }

    /**
     * Another centre's spelling of the same name: ASCII transliteration (Müller → Mueller,
     * José → Jose, Øyvind → Oyvind), or upper case when the name has no accent.
     */
    static String variant(String name) {
        String s = name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("Ö", "Oe")
                .replace("Ü", "Ue").replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("å", "aa").replace("Å", "Aa")
                .replace("ł", "l").replace("Ł", "L");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return s.equals(name) ? name.toUpperCase(java.util.Locale.ROOT) : s;
    }

    /** Lower-case ASCII for e-mail local parts. */
    static String ascii(String name) {
        return variant(name).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
