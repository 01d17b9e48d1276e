package org.calldesk.customers;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 reading that remembers on which line each record starts, for error reports. */
final class Csv {

    record Record(int line, List<String> fields, String error) {
    }

    private Csv() {
    }

    static List<Record> parse(String text) {
        List<Record> records = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        while (i < n) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            String error = null;
            boolean endOfRecord = false;
            while (i < n && !endOfRecord) {
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"') {
                    if (field.isEmpty() && !wasQuoted) {
                        quoted = true;
                        wasQuoted = true;
                    } else if (error == null) {
                        error = "stray quote in field " + (fields.size() + 1);
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\r' && i < n && text.charAt(i) == '\n') {
                    // CRLF: the \n ends the record
                } else if (c == '\n' || c == '\r') {
                    line++;
                    endOfRecord = true;
                } else {
                    field.append(c);
                }
            }
            if (quoted && error == null) {
                error = "unterminated quoted field";
            }
            fields.add(field.toString());
            boolean blank = fields.size() == 1 && fields.get(0).isBlank() && !wasQuoted;
            if (!blank) {
                records.add(new Record(startLine, fields, error));
            }
        }
        return records;
    }
}
