package dev.rapport.profile.profiles;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Profile defaults ({@code rapport.profile.*}). */
@ConfigMapping(prefix = "rapport.profile")
public interface ProfileConfig {

    /** Time zone of a profile that states none; quiet hours are evaluated in it. */
    @WithDefault("UTC")
    String defaultTimeZone();

    /** Largest accepted size of the free traits, as JSON text. */
    @WithDefault("16384")
    int maxTraitsSize();
}
