package org.xenemu.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in paths and query strings are plain decimals: {@code 7}, {@code -3}, never {@code +7},
 * {@code 07}, {@code -0} or {@code " 7"}, which Java's parsers would quietly accept, so one domain
 * or mapping has exactly one spelling. Anything else fails conversion and is 400 EINVAL naming
 * the parameter. (Binder editors, because they take precedence over the conversion service.)
 */
@ControllerAdvice
class StrictNumbersAdvice {
    private static final Pattern DECIMAL = Pattern.compile("0|-?[1-9][0-9]*");

    @InitBinder
    void strictNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(int.class, new Strict(Integer::valueOf));
        binder.registerCustomEditor(Integer.class, new Strict(Integer::valueOf));
        binder.registerCustomEditor(long.class, new Strict(Long::valueOf));
        binder.registerCustomEditor(Long.class, new Strict(Long::valueOf));
    }

    private static final class Strict extends PropertyEditorSupport {
        private final Function<String, Object> parse;

        Strict(Function<String, Object> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || !DECIMAL.matcher(text).matches()) {
                throw new IllegalArgumentException("not a plain decimal number");
            }
            setValue(parse.apply(text));
        }
    }
}
