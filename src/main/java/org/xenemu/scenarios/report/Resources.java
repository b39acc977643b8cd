package org.xenemu.scenarios.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What the report inlines, read once from the classpath: uPlot from its webjar (the version the
 * build resolved, found from the webjar's own {@code pom.properties}), its licence, the shared
 * chart script and the report's style sheet.
 */
final class Resources {
    static final String UPLOT_VERSION = webjarVersion();
    static final String UPLOT_JS = read(uplot("dist/uPlot.iife.min.js"));
    static final String UPLOT_CSS = read(uplot("dist/uPlot.min.css"));
    static final String UPLOT_LICENSE = read(uplot("LICENSE"));
    static final String CHARTS_JS = read("static/js/charts.js");
    static final String REPORT_CSS = read("org/xenemu/scenarios/report/report.css");

    private Resources() {
    }

    private static String uplot(String file) {
        return "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/" + file;
    }

    private static String webjarVersion() {
        Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    static String read(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Resources.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing from the classpath: " + name);
        }
        return in;
    }
}
