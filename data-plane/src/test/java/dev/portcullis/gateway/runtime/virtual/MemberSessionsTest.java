package dev.portcullis.gateway.runtime.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberSessionsTest {

    @Test
    void membersSessionsTravelAsOneVisibleAsciiTextAndComeBack() {
        List<MemberSessions.Entry> entries = List.of(new MemberSessions.Entry("mock", "a,b;c%d", ""),
                new MemberSessions.Entry("everything", "0f3c", "t1"));

        String text = MemberSessions.encode(entries);
        Map<String, MemberSessions.Entry> back = MemberSessions.decode(text);

        assertThat(text.chars()).allMatch(c -> c > 0x20 && c < 0x7f);
        assertThat(back.values()).containsExactlyElementsOf(entries);
    }

    @Test
    void anythingElseDecodesToNoSession() {
        assertThat(MemberSessions.decode("not-ours")).isEmpty();
        assertThat(MemberSessions.decode("a;b;c;d")).isEmpty();
        assertThat(MemberSessions.decode("a;b%ZZ;c")).isEmpty();
    }

    @Test
    void tooManyLongIdsAreRefused() {
        String id = String.join("", Collections.nCopies(1000, "x"));
        assertThatThrownBy(() -> MemberSessions.encode(List.of(new MemberSessions.Entry("a", id, ""),
                new MemberSessions.Entry("b", id, ""), new MemberSessions.Entry("c", id, ""))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverRequestIdsLeadBackToTheMemberAndItsOwnId() {
        TextNode wrapped = ServerRequestIds.wrap("everything", IntNode.valueOf(7));

        assertThat(wrapped.textValue()).isEqualTo("everything|7");
        assertThat(ServerRequestIds.unwrap(wrapped)).isEqualTo(new ServerRequestIds.Origin("everything",
                IntNode.valueOf(7)));
        assertThat(ServerRequestIds.unwrap(ServerRequestIds.wrap("m", TextNode.valueOf("a|b"))).id())
                .isEqualTo(TextNode.valueOf("a|b"));
        assertThat(ServerRequestIds.unwrap(TextNode.valueOf("plain"))).isNull();
        assertThat(ServerRequestIds.unwrap(IntNode.valueOf(3))).isNull();
        assertThat(ServerRequestIds.wrap("m", TextNode.valueOf("x".repeat(600)))).isNull();
    }
}
