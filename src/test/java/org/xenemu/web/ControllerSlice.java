package org.xenemu.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.config.CallerWebConfig;
import org.xenemu.config.SecurityProperties;

/**
 * What a {@code @WebMvcTest} slice of one controller needs besides the controller and its mocked
 * door: caller resolution (open mode: {@code X-Xen-Domid} and {@code X-Guest-Root} headers) and
 * the one problem+json advice, which the slice picks up by itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import({CallerWebConfig.class, TokenRegistry.class})
@EnableConfigurationProperties(SecurityProperties.class)
public @interface ControllerSlice {
}
