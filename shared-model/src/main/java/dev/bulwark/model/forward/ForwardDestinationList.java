package dev.bulwark.model.forward;

import java.util.List;

/** Every forwarding destination, by name. */
public record ForwardDestinationList(List<ForwardDestination> destinations) {
    public ForwardDestinationList {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }
}
