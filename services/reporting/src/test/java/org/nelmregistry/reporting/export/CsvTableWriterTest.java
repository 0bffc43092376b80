package org.nelmregistry.reporting.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTableWriterTest {

    @Test
    void aCellThatWouldStartAFormulaIsNeutralisedUnlessItIsANumber() {
        assertEquals("'=HYPERLINK(\"x\")", CsvTableWriter.safe("=HYPERLINK(\"x\")"));
        assertEquals("'+1+2", CsvTableWriter.safe("+1+2"));
        assertEquals("'-cmd", CsvTableWriter.safe("-cmd"));
        assertEquals("'@SUM(A1)", CsvTableWriter.safe("@SUM(A1)"));
        assertEquals("'\tx", CsvTableWriter.safe("\tx"));
        assertEquals("'\rx", CsvTableWriter.safe("\rx"));
        assertEquals("-20", CsvTableWriter.safe("-20"));
        assertEquals("+3.5", CsvTableWriter.safe("+3.5"));
        assertEquals("pancreas", CsvTableWriter.safe("pancreas"));
        assertEquals("", CsvTableWriter.safe(""));
    }

    @Test
    void rowsAreRfc4180WithEnumSetsJoinedAndAbsentEmpty() throws Exception {
        List<ExportColumn> cols = List.of(col("a", ColumnType.STRING), col("b", ColumnType.ENUM_SET), col("c", ColumnType.DECIMAL),
                col("d", ColumnType.INTEGER), col("e", ColumnType.BOOLEAN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableWriter w = TableWriter.open("csv", cols, out);
        w.row(new Object[] {"x,\"y\"", List.of("bone", "lung"), new BigDecimal("2.500000"), -20, true});
        w.row(new Object[] {"=1+1", null, null, null, null});
        w.finish();
        assertEquals("a,b,c,d,e\r\n\"x,\"\"y\"\"\",bone|lung,2.5,-20,true\r\n'=1+1,,,,\r\n", out.toString(StandardCharsets.UTF_8));
    }

    private static ExportColumn col(String name, ColumnType t) {
        return new ExportColumn("t", name, t, null, List.of(), "clinical", "", ExportColumn.Source.record("s", name));
    }
}
