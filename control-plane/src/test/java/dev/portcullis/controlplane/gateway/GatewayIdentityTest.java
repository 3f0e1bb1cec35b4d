package dev.portcullis.controlplane.gateway;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GatewayIdentityTest {

    @Test
    void tagsAreSplitTrimmedAndOrderIndependent() {
        GatewayIdentity a = GatewayIdentity.parse("gw-1", " eu, prod ,,", true);
        GatewayIdentity b = GatewayIdentity.parse("gw-2", "prod,eu", true);

        assertThat(a.sortedTags()).containsExactly("eu", "prod");
        assertThat(a.tags()).isEqualTo(b.tags());
    }

    @Test
    void noTagsMeansAnUntaggedGateway() {
        assertThat(GatewayIdentity.parse(null, null, false).tags()).isEmpty();
    }

    @Test
    void badIdAndTagsAreNamed() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> GatewayIdentity.parse("-bad id", "ok,no good", true));

        assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly("gatewayId", "tags[1]");
    }

    @Test
    void idIsRequiredWhereTheGatewayMustSayWhoItIs() {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> GatewayIdentity.parse("", "", true));

        assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly("gatewayId");
    }
}
