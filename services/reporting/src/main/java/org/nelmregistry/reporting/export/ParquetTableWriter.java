package org.nelmregistry.reporting.export;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Parquet through the Apache Parquet writer, typed: integers INT32, decimals DECIMAL(18, 6), booleans,
 * strings and enums UTF-8 (dictionary-encoded), enum-sets a LIST of strings. Written to a plain
 * stream through Parquet's own {@link OutputFile} (no Hadoop file system); row groups are kept
 * small so an export's memory stays bounded. Pages are Snappy-compressed by snappy-java directly: Parquet's
 * own codec factory reaches for Hadoop classes, which are not on the service's class path.
 */
final class ParquetTableWriter implements TableWriter {

    private static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;
    private static final int PAGE_BYTES = 256 * 1024;
    private final List<ExportColumn> columns;
    private final SimpleGroupFactory groups;
    private final ParquetWriter<Group> writer;

    ParquetTableWriter(List<ExportColumn> columns, OutputStream out) throws IOException {
        this.columns = columns;
        MessageType schema = schema(columns);
        groups = new SimpleGroupFactory(schema);
        writer = ExampleParquetWriter.builder(new StreamOutputFile(out)).withConf(new PlainParquetConfiguration())
                .withType(schema).withCodecFactory(SnappyOnly.INSTANCE).withCompressionCodec(CompressionCodecName.SNAPPY).withDictionaryEncoding(true)
                .withRowGroupSize((long) ROW_GROUP_BYTES).withPageSize(PAGE_BYTES).build();
    }

    static MessageType schema(List<ExportColumn> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ExportColumn c : columns) {
            switch (c.type()) {
                case STRING, ENUM -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case INTEGER -> b.optional(PrimitiveTypeName.INT32).named(c.name());
                case DECIMAL -> b.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(ColumnType.DECIMAL_SCALE, ColumnType.DECIMAL_PRECISION)).named(c.name());
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
                case ENUM_SET -> b.optionalList().optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
            }
        }
        return b.named("nelm_export");
    }

    @Override
    public void row(Object[] values) throws IOException {
        Group g = groups.newGroup();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            String name = columns.get(i).name();
            switch (columns.get(i).type()) {
                case STRING, ENUM -> g.append(name, Binary.fromString(v.toString()));
                case INTEGER -> g.append(name, (Integer) v);
                case DECIMAL -> g.append(name, ((BigDecimal) v).setScale(ColumnType.DECIMAL_SCALE, RoundingMode.HALF_EVEN)
                        .unscaledValue().longValueExact());
                case BOOLEAN -> g.append(name, (Boolean) v);
                case ENUM_SET -> {
                    Group list = g.addGroup(name);
                    for (Object x : (List<?>) v) {
                        list.addGroup("list").append("element", x.toString());
                    }
                }
            }
        }
        writer.write(g);
    }

    @Override
    public void finish() throws IOException {
        writer.close();
    }

    /** Parquet's codec interface over snappy-java (raw Snappy blocks, as Parquet's SNAPPY codec writes them). */
    private enum SnappyOnly implements CompressionCodecFactory, CompressionCodecFactory.BytesInputCompressor {
        INSTANCE;

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            if (codec != CompressionCodecName.SNAPPY) {
                throw new IllegalArgumentException("exports write Snappy only");
            }
            return this;
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("exports only write Parquet");
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(Snappy.compress(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
        }

        @Override
        public void release() {
        }
    }

    /** Parquet writes front to back, so a plain stream that counts its bytes is a valid output file. */
    private record StreamOutputFile(OutputStream out) implements OutputFile {

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
