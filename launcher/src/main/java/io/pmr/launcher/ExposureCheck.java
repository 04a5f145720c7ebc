package io.pmr.launcher;

import io.pmr.collector.CollectorSettings;
import io.pmr.collector.http.HttpSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pmr collector}'s settings expose beyond loopback without protection: the embedded broker without TLS and
 * credentials (anyone who reaches the port can publish data under any agent id and forge Acks, docs/security.md), and
 * the HTTP API without a write token. The command refuses such settings unless {@code --insecure} is given, and then
 * logs each exposure at WARN on every start. Stateless.
 */
final class ExposureCheck {
    private ExposureCheck() {
    }

    /** Each unprotected exposure, naming the flag and what is missing; empty when everything is loopback or secured. */
    static List<String> exposures(CollectorSettings settings) {
        List<String> exposures = new ArrayList<>();
        if (settings.externalBrokerUrl() == null && settings.brokerSecurity() == null
                && !isLoopback(settings.embeddedHost())) {
            exposures.add("--host " + settings.embeddedHost() + " binds the embedded MQTT broker beyond loopback"
                    + " without TLS and credentials (give --tls-keystore, --tls-keystore-password-file and"
                    + " --credentials-file): any client that reaches it can publish data under any agent id and"
                    + " forge acknowledgements");
        }
        HttpSettings http = settings.http();
        if (http != null && http.token() == null && !isLoopback(http.host())) {
            exposures.add("--http " + http.host() + ":" + http.port() + " serves the HTTP API beyond loopback"
                    + " without a write token (give --http-token-file): its read endpoints are open to the network");
        }
        return exposures;
    }

    /**
     * Whether {@code host} names only loopback addresses: a literal 127.0.0.0/8 or ::1 address, or a name that
     * resolves to loopback addresses only. A wildcard (0.0.0.0, ::) or a name that does not resolve is not.
     */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(bare);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
