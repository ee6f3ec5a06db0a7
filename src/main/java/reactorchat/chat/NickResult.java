package reactorchat.chat;

/** The outcome of asking for a nick. */
public enum NickResult { CHANGED, UNCHANGED, INVALID, IN_USE }
