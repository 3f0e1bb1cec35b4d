package dev.portcullis.mock.prompts;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A prompt template.
 *
 * @param arguments the arguments in the order {@code prompts/list} shows them
 * @param render    builds the user message from the arguments given (required ones are present)
 */
public record Prompt(String name, String title, String description, List<PromptArgument> arguments,
                     Function<Map<String, String>, String> render) {

    public Prompt {
        arguments = List.copyOf(arguments);
    }

    /**
     * One prompt argument; {@code suggestions} feed {@code completion/complete}.
     */
    public record PromptArgument(String name, String description, boolean required, List<String> suggestions) {
        public PromptArgument {
            suggestions = List.copyOf(suggestions);
        }
    }
}
