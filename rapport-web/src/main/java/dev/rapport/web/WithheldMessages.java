package dev.rapport.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure as it may be logged at ERROR: the same types, causes and stack frames, without the
 * messages. A message is written by whatever threw (a driver, a parser, a server) and may quote
 * the personal data it was given, e.g. a value the database refused; the original, messages
 * included, is logged at DEBUG only.
 */
final class WithheldMessages extends RuntimeException {

    private static final int MAX_CAUSES = 10;

    private WithheldMessages(Throwable original, WithheldMessages cause) {
        super(original.getClass().getName() + " (message withheld from the log: it may quote personal data)", cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    /** The copy of the failure and of its causes. */
    static Throwable of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        WithheldMessages copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            copy = new WithheldMessages(chain.get(i), copy);
        }
        return copy;
    }

    /** Printed in place of this class's name: the original type and the notice. */
    @Override
    public String toString() {
        return getMessage();
    }
}
