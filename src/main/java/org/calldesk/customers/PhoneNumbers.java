package org.calldesk.customers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.calldesk.platform.ConfigSection;

import java.util.Optional;

/** Turns the many ways people write a number into one E.164 key. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    /** From the {@code phone} config section. */
    public static PhoneNumbers from(ConfigSection root) {
        return new PhoneNumbers(root.section("phone").string("default_region"));
    }

    public PhoneNumbers(String defaultRegion) {
        if (!util.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("phone.default_region: '" + defaultRegion + "' is not a known region code");
        }
        this.defaultRegion = defaultRegion;
    }

    /** The number in E.164, or empty when it cannot be a phone number. */
    public Optional<String> e164(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = util.parse(raw.trim(), defaultRegion);
            if (!util.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
