package carafe.recoverycodes;

import java.util.List;

/** The answer that shows recovery codes, the only one that ever does: store them now. */
public record NewRecoveryCodes(List<String> recoveryCodes) {}
