package io.pmr.collector.broker;

import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.pmr.collector.security.BrokerGuard;
import io.netty.handler.ssl.SslContext;

/**
 * The {@link BrokerGuard} in Moquette's terms: its TLS context creator, authenticator and authorizator policy.
 * Moquette asks for the client id too; the rights depend only on the user. Thread-safe (Netty threads call it).
 */
final class MoquetteGuard implements ISslContextCreator, IAuthenticator, IAuthorizatorPolicy {
    private final BrokerGuard guard;

    MoquetteGuard(BrokerGuard guard) {
        this.guard = guard;
    }

    @Override
    public SslContext initSSLContext() {
        return guard.serverContext();
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        return guard.checkLogin(clientId, username, password);
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return topic != null && guard.mayPublish(topic.toString(), user);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return topic != null && guard.maySubscribe(topic.toString(), user);
    }
}
