package dev.rapport.messaging;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** Writes a note and its event in one transaction, optionally failing after both were written. */
@Path("/notes")
public class NoteResource {

    public static final String TOPIC = "test.notes";
    public static final String TYPE = "dev.rapport.test.note-written.v1";

    public record NoteRequest(UUID customerId, String text, boolean failAfterWrite) {
    }

    public record NoteWritten(UUID noteId, String text) {
    }

    private final Outbox outbox;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public NoteResource(Outbox outbox, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    @POST
    @WithTransaction
    public Uni<Response> write(NoteRequest request) {
        Note note = new Note();
        note.id = UUID.randomUUID();
        note.customerId = request.customerId();
        note.text = request.text();
        CloudEvent event = CloudEvent.of("/rapport/test", TYPE, request.customerId(), new NoteWritten(note.id, note.text), mapper);
        return note.persist()
                .flatMap(persisted -> outbox.publish(TOPIC, event))
                .flatMap(published -> request.failAfterWrite()
                        ? Uni.createFrom().failure(new IllegalStateException("failing after the write, on purpose"))
                        : Uni.createFrom().item(Response.status(201).entity(event.id()).build()));
    }
}
