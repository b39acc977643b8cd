package org.xenemu.dashboard.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's second address: {@code /dashboard} shows the page {@code /} serves
 * ({@code static/index.html}), forwarded inside the server so that relative links resolve the same.
 */
@Controller
@Hidden
class DashboardPageController {

    @GetMapping("/dashboard")
    String dashboard() {
        return "forward:/index.html";
    }
}
