package org.calldesk.customers;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class CsvTest {

    @Test
    @DisplayName("quoted fields keep commas, quotes and newlines, and records remember their first line")
    void quoting() {
        List<Csv.Record> records = Csv.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n\nlast,1");
        assertEquals(4, records.size());
        assertEquals(List.of("x, y", "say \"hi\""), records.get(1).fields());
        assertEquals(2, records.get(1).line());
        assertEquals(List.of("multi\nline", "z"), records.get(2).fields());
        assertEquals(3, records.get(2).line());
        assertEquals(6, records.get(3).line());
    }

    @Test
    @DisplayName("an unterminated quote is reported on the record, not thrown")
    void unterminated() {
        List<Csv.Record> records = Csv.parse("ok,1\n\"broken,2\n");
        assertEquals(2, records.size());
        assertNotNull(records.get(1).error());
    }
}
