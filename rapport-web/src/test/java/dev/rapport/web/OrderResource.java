package dev.rapport.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** A small API that fails in every way a real one can. */
@Path("/orders")
public class OrderResource {

    public enum Colour {
        RED, GREEN;

        @JsonCreator
        public static Colour fromWire(String wire) {
            for (Colour colour : values()) {
                if (colour.name().equalsIgnoreCase(wire)) {
                    return colour;
                }
            }
            throw new IllegalArgumentException("'" + wire + "' is not one of red, green");
        }
    }

    public record Line(@NotBlank String sku, @Positive int quantity) {
    }

    public record Order(@NotBlank String name, @Email String email, Colour colour, @NotEmpty List<@Valid Line> lines) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Order create(@NotNull @Valid Order order) {
        return order;
    }

    @GET
    public List<String> list(@QueryParam("limit") @Min(1) @Max(100) int limit) {
        return List.of();
    }

    @GET
    @Path("/{id}")
    public Order get(@PathParam("id") UUID id) {
        throw ProblemException.notFound("order", id);
    }

    @POST
    @Path("/explode")
    public Order explode() {
        throw new IllegalStateException("secret internals of dev.rapport.Something");
    }
}
