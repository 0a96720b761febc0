package dev.rapport.messaging.persistence;

import dev.rapport.contracts.EventCodec;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * How JSON columns are written and read: with the contracts' mapper (ISO-8601 times, lower-case
 * enum names, tolerant of members added later), independent of how the REST layer is configured,
 * so that an API setting can never change what is stored.
 */
@JsonFormat
@PersistenceUnitExtension
public class JsonColumnFormat implements FormatMapper {

    private final FormatMapper delegate = new JacksonJsonFormatMapper(EventCodec.defaultMapper());

    @Override
    public <T> T fromString(CharSequence charSequence, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        return delegate.fromString(charSequence, javaType, wrapperOptions);
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        return delegate.toString(value, javaType, wrapperOptions);
    }
}
