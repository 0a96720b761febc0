package dev.rapport.contracts.events;

import java.time.LocalTime;

/** A daily window, in the customer's time zone, without contacts; it may span midnight (22:00–07:00). */
public record QuietHours(LocalTime start, LocalTime end) {
}
