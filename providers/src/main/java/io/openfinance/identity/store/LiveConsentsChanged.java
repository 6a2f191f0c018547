package io.openfinance.identity.store;

import java.io.IOException;

import org.infinispan.protostream.ProtobufTagMarshaller;
import org.infinispan.protostream.TagReader;
import org.keycloak.cluster.ClusterEvent;

/**
 * Tells every node that a profile's connections changed ({@code profileId} empty: every profile of the realm). Keycloak
 * sends cluster events through Infinispan, which marshals them with ProtoStream ({@link LiveConsentsSchema}).
 */
record LiveConsentsChanged(String realmId, String profileId) implements ClusterEvent {

    static final String TYPE = "openfinance.LiveConsentsChanged";
    static final int REALM_ID = 1;
    static final int PROFILE_ID = 2;

    static final class Marshaller implements ProtobufTagMarshaller<LiveConsentsChanged> {

        @Override
        public Class<? extends LiveConsentsChanged> getJavaClass() {
            return LiveConsentsChanged.class;
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public LiveConsentsChanged read(ReadContext context) throws IOException {
            TagReader reader = context.getReader();
            String realmId = "";
            String profileId = "";
            for (int tag = reader.readTag(); tag != 0; tag = reader.readTag()) {
                switch (tag >>> 3) {
                    case REALM_ID -> realmId = reader.readString();
                    case PROFILE_ID -> profileId = reader.readString();
                    default -> reader.skipField(tag);
                }
            }
            return new LiveConsentsChanged(realmId, profileId);
        }

        @Override
        public void write(WriteContext context, LiveConsentsChanged changed) throws IOException {
            context.getWriter().writeString(REALM_ID, changed.realmId());
            context.getWriter().writeString(PROFILE_ID, changed.profileId());
        }
    }
}
