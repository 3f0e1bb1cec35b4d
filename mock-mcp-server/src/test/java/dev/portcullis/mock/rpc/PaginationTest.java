package dev.portcullis.mock.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaginationTest {

    private static final List<Integer> ITEMS = List.of(1, 2, 3, 4, 5);

    @Test
    void returnsEverythingInOnePageWhenPageSizeIsZero() {
        Pagination.Page<Integer> page = new Pagination(0).page("tools", ITEMS, null).orElseThrow();

        assertThat(page.items()).isEqualTo(ITEMS);
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void walksAllPagesByFollowingCursors() {
        Pagination pagination = new Pagination(2);
        Pagination.Page<Integer> first = pagination.page("tools", ITEMS, null).orElseThrow();
        Pagination.Page<Integer> second = pagination.page("tools", ITEMS,
                TextNode.valueOf(first.nextCursor().orElseThrow())).orElseThrow();
        Pagination.Page<Integer> third = pagination.page("tools", ITEMS,
                TextNode.valueOf(second.nextCursor().orElseThrow())).orElseThrow();

        assertThat(first.items()).containsExactly(1, 2);
        assertThat(second.items()).containsExactly(3, 4);
        assertThat(third.items()).containsExactly(5);
        assertThat(third.nextCursor()).isEmpty();
    }

    @Test
    void refusesACursorIssuedForAnotherList() {
        Pagination pagination = new Pagination(2);
        String cursor = pagination.page("prompts", ITEMS, null).orElseThrow().nextCursor().orElseThrow();

        assertThat(pagination.page("tools", ITEMS, TextNode.valueOf(cursor))).isEmpty();
    }

    @Test
    void refusesGarbageAndOutOfRangeCursors() {
        Pagination pagination = new Pagination(2);

        assertThat(pagination.page("tools", ITEMS, TextNode.valueOf("%%%"))).isEmpty();
        assertThat(pagination.page("tools", ITEMS, TextNode.valueOf(Pagination.encode("tools", 99)))).isEmpty();
        assertThat(Pagination.decode("tools", Pagination.encode("tools", 3))).isEqualTo(Optional.of(3));
    }
}
