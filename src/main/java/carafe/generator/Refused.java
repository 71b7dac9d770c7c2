package carafe.generator;

import java.util.List;

/** The generator will not go on, for these reasons; nothing has been written. Exit code 1. */
final class Refused extends RuntimeException {
    private final List<String> reasons;

    Refused(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    Refused(String reason) {
        this(List.of(reason));
    }

    List<String> reasons() {
        return reasons;
    }
}
