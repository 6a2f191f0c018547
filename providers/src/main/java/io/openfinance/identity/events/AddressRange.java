package io.openfinance.identity.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** A CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}), or one address as a block of its own. */
record AddressRange(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * Where a production server sends no event unless an admin listed an exception: this machine, private and
     * shared networks, link-local (cloud metadata), multicast, reserved, unspecified; IPv6 unique-local among them.
     * IPv4-mapped and IPv4-compatible IPv6 addresses are checked as the IPv4 address they carry.
     */
    static final List<AddressRange> INTERNAL = List.of(
            parse("0.0.0.0/8"), parse("10.0.0.0/8"), parse("100.64.0.0/10"), parse("127.0.0.0/8"), parse("169.254.0.0/16"),
            parse("172.16.0.0/12"), parse("192.0.0.0/24"), parse("192.168.0.0/16"), parse("198.18.0.0/15"),
            parse("224.0.0.0/4"), parse("240.0.0.0/4"),
            parse("::/128"), parse("::1/128"), parse("fc00::/7"), parse("fe80::/10"), parse("fec0::/10"), parse("ff00::/8"));

    /** An IP literal without a prefix is one address. Host names are not ranges: no lookup is made here. */
    static AddressRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
        }
        byte[] bytes = literal(address).getAddress();
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + cidr);
        }
        return new AddressRange(bytes, prefix);
    }

    /** Whether {@code host} is written as an IP address (IPv6 in brackets or not), so that resolving it asks no DNS. */
    static boolean isLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    static boolean isInternal(InetAddress address) {
        InetAddress checked = embeddedIpv4(address);
        return INTERNAL.stream().anyMatch(range -> range.contains(checked));
    }

    boolean contains(InetAddress address) {
        byte[] bytes = embeddedIpv4(address).getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {@code ::ffff:a.b.c.d} and {@code ::a.b.c.d} as {@code a.b.c.d}; every other address as it is. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && (bytes[12] | bytes[13] | bytes[14]) != 0;
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }
}
