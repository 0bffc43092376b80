package org.nelmregistry.deidentification.service;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.nelmregistry.deidentification.repository.KeySetRepository;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The set-up of a test of the key set: the key tables emptied before each test and restored
 * after it (the rest of the suite keeps its keys), with what such a test builds key sets from.
 */
abstract class KeySetTestBase {

    @Inject
    KeySetRepository repository;
    @Inject
    DataSource db;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    PatientPseudonymiser pseudonymiser;

    @TempDir
    Path dir;

    KeySetTables saved;

    @BeforeEach
    void emptyTables() {
        saved = KeySetTables.saveAndEmpty(db);
    }

    @AfterEach
    void restoreTables() {
        saved.restore();
        pseudonymiser.keys().refresh();
    }
}
