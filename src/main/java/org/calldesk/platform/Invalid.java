package org.calldesk.platform;

import java.util.List;

/** Input the domain will not take, naming the fields at fault so a form can point at them. */
public final class Invalid extends DomainException {

    private final List<String> fields;

    public Invalid(String field, String message) {
        this(List.of(field), message);
    }

    public Invalid(List<String> fields, String message) {
        super(message);
        this.fields = List.copyOf(fields);
    }

    public List<String> fields() {
        return fields;
    }
}
