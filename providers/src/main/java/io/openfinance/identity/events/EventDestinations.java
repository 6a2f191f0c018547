package io.openfinance.identity.events;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.http.conn.DnsResolver;

/**
 * Where events may go, so that a partner's {@code of.events.url} is no way into the server's own network. In
 * production mode: HTTPS only, and no address of this machine, a private, shared, link-local, multicast, reserved
 * or unspecified network ({@link AddressRange#INTERNAL}). The host is resolved once, here, as the HTTP client's
 * resolver: the client connects to the addresses checked (TLS still checks the name), so DNS that answers
 * differently the second time (rebinding) gains nothing. A name with one internal address among several is refused.
 * <p>
 * {@code --spi-open-finance-events--jpa--allowed-destinations} lists exceptions, separated by commas: host names
 * (sent to whatever they resolve to, plain HTTP too) and IP addresses or CIDR blocks (allowed despite being
 * internal; plain HTTP to such a literal address). Development mode sends anywhere, as before.
 */
final class EventDestinations implements DnsResolver {

    /** Why an event was not sent: its destination is refused. No connection was attempted. */
    static final class Refused extends UnknownHostException {
        Refused(String host) {
            super(host + ": destination refused");
        }
    }

    private final boolean anywhere;
    private final Set<String> hosts;
    private final List<AddressRange> ranges;

    private EventDestinations(boolean anywhere, Set<String> hosts, List<AddressRange> ranges) {
        this.anywhere = anywhere;
        this.hosts = hosts;
        this.ranges = ranges;
    }

    /** @param exceptions the setting's value: host names, IP addresses and CIDR blocks separated by commas */
    static EventDestinations of(boolean developmentMode, String exceptions) {
        List<String> listed = Arrays.stream(exceptions == null ? new String[0] : exceptions.split(","))
                .map(String::strip).filter(entry -> !entry.isEmpty()).map(entry -> entry.toLowerCase(Locale.ROOT)).toList();
        return new EventDestinations(developmentMode,
                listed.stream().filter(entry -> !entry.contains("/") && !AddressRange.isLiteral(entry)).collect(Collectors.toSet()),
                listed.stream().filter(entry -> entry.contains("/") || AddressRange.isLiteral(entry)).map(AddressRange::parse).toList());
    }

    /** HTTPS anywhere; plain HTTP only in development mode or to an exception. Decided before any lookup. */
    boolean allowsScheme(URI url) {
        if ("https".equalsIgnoreCase(url.getScheme())) {
            return true;
        }
        String host = bare(url.getHost());
        return anywhere || hosts.contains(host)
                || AddressRange.isLiteral(host) && ranges.stream().anyMatch(range -> range.contains(literal(host)));
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (anywhere || hosts.contains(bare(host))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (AddressRange.isInternal(address) && ranges.stream().noneMatch(range -> range.contains(address))) {
                throw new Refused(host);
            }
        }
        return addresses;
    }

    private static String bare(String host) {
        String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
