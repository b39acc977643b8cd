package org.xenemu.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.caller.Caller;

/** The OpenAPI document: title, bearer auth for token mode; the resolved {@link Caller} is not a parameter. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {
    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI xenemuOpenApi() {
        return new OpenAPI()
                .info(new Info().title("xenemu").version("v1")
                        .description("An emulated Xen host: xenstore, guest memory machinery, NUMA host, virtual clock. "
                                + "In open mode send X-Xen-Domid (and X-Guest-Root) to act as a guest; "
                                + "in token mode send Authorization: Bearer <token>."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
