package io.openfinance.identity.store;

import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;

/** How Keycloak's Infinispan marshals {@link LiveConsentsChanged}; found by Keycloak's build, as Keycloak's own schema is. */
public final class LiveConsentsSchema implements SerializationContextInitializer {

    @Override
    public void registerSchema(SerializationContext context) {
        context.registerProtoFiles(FileDescriptorSource.fromString("open-finance-live-consents.proto", """
                syntax = "proto3";
                package openfinance;
                message LiveConsentsChanged {
                    string realmId = %d;
                    string profileId = %d;
                }
                """.formatted(LiveConsentsChanged.REALM_ID, LiveConsentsChanged.PROFILE_ID)));
    }

    @Override
    public void registerMarshallers(SerializationContext context) {
        context.registerMarshaller(new LiveConsentsChanged.Marshaller());
    }
}
