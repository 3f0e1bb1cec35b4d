package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.audit.AuditService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditPageTest {

    private static final Map<String, String> FILTERS = Map.of("entityType", "proxy", "entityId", "a&b c/d?e=f#g",
            "actor", "");

    @Test
    void pagerLinksKeepTheFiltersUrlEncoded() {
        AuditPage.Pager pager = AuditPage.Pager.of(new AuditService.Page(List.of(), 2, 50, true), FILTERS);

        String filters = "/ui/audit?entityType=proxy&entityId=a%26b+c%2Fd%3Fe%3Df%23g&actor=";
        assertThat(pager.newer()).isEqualTo(filters + "&page=1");
        assertThat(pager.older()).isEqualTo(filters + "&page=3");
    }

    @Test
    void theFirstAndLastPagesHaveNoLinkBeyondThem() {
        AuditPage.Pager pager = AuditPage.Pager.of(new AuditService.Page(List.of(), 0, 50, false), FILTERS);

        assertThat(pager.newer()).isNull();
        assertThat(pager.older()).isNull();
    }
}
