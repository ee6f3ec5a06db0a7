package reactorchat.chat;

import java.nio.ByteBuffer;

/**
 * A dialect's wire form of each chat event, as seen by a third party. The buffers it returns are
 * shared by every recipient, so they must never be written to after they are returned. Events a
 * dialect does not show have a default of null: its users are not sent them.
 */
public interface EventEncoder {
    ByteBuffer joined(ChatEvent.Joined event);

    ByteBuffer left(ChatEvent.Left event);

    ByteBuffer quit(ChatEvent.Quit event);

    ByteBuffer nickChanged(ChatEvent.NickChanged event);

    ByteBuffer roomMessage(ChatEvent.RoomMessage event);

    ByteBuffer privateMessage(ChatEvent.PrivateMessage event);

    ByteBuffer kicked(ChatEvent.Kicked event);

    ByteBuffer topicChanged(ChatEvent.TopicChanged event);

    ByteBuffer modesChanged(ChatEvent.ModesChanged event);

    ByteBuffer invited(ChatEvent.Invited event);

    /** What the receiver of a file offer sees; dialects that cannot receive files say how to. */
    ByteBuffer fileOffered(ChatEvent.FileOffered event);

    /** What the target of a kill is sent before its connection is closed. */
    ByteBuffer killed(ChatEvent.Killed event);

    default ByteBuffer tagged(ChatEvent.Tagged event) {
        return null;
    }

    default ByteBuffer awayChanged(ChatEvent.AwayChanged event) {
        return null;
    }

    default ByteBuffer realNameChanged(ChatEvent.RealNameChanged event) {
        return null;
    }

    default ByteBuffer inviteSeen(ChatEvent.InviteSeen event) {
        return null;
    }

    default ByteBuffer statusMessage(ChatEvent.StatusMessage event) {
        return null;
    }
}
