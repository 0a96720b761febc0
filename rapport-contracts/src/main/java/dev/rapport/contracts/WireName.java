package dev.rapport.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants travel as lower-case, hyphenated names ({@code DIRECT_MAIL} is {@code direct-mail}). */
public final class WireName {

    private WireName() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant with that wire name; anything else names the accepted values. */
    public static <E extends Enum<E>> E parse(Class<E> type, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(wire)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + wire + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(WireName::of).collect(Collectors.joining(", ")));
    }
}
