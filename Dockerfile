# An optimized image as Keycloak's container guide builds it: the extension's JARs and the build options baked in by
# `kc.sh build` in a build stage, then `start --optimized`. Build the JARs first (mvn -DskipTests package); then
#   docker build -t open-finance-identity .
# Runtime options (database URL and credentials, hostname, proxy) are given at `docker run` or in docker-compose.yml;
# the realms to import are mounted into /opt/keycloak/data/import.
FROM quay.io/keycloak/keycloak:26.7.3 AS builder

# build options: PostgreSQL, health and metrics on the management port, one client scope `id` for every bank
ENV KC_DB=postgres
ENV KC_HEALTH_ENABLED=true
ENV KC_METRICS_ENABLED=true
ENV KC_FEATURES=parameterized-scopes

WORKDIR /opt/keycloak
COPY --chown=keycloak:keycloak --chmod=644 providers/target/open-finance-providers-*.jar themes/target/open-finance-theme-*.jar /opt/keycloak/providers/
RUN /opt/keycloak/bin/kc.sh build

FROM quay.io/keycloak/keycloak:26.7.3
COPY --from=builder /opt/keycloak/ /opt/keycloak/
# runtime option: every token's audit event committed durably, so a database crash loses none (docs/operations.md#postgresql)
ENV KC_SPI_CONNECTIONS_JPA__QUARKUS__ASYNC_COMMIT=false
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
