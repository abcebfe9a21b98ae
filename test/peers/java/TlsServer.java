// A JSSE TLS server for the TLS-doctor probe tests, configured as JVM services are:
// its certificate and key from a PKCS#12 keystore, client certificates required and
// verified against the CA file given. Prints "LISTEN <port>", answers "ok" on each
// connection, stops when stdin closes; each refused handshake is printed to stderr.
// JDK standard library only.
//
//   java TlsServer.java KEYSTORE.p12 PASSWORD CA.pem
import java.io.FileInputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public class TlsServer {
  public static void main(String[] args) throws Exception {
    char[] password = args[1].toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[0])) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (FileInputStream in = new FileInputStream(args[2])) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    System.out.println("LISTEN " + server.getLocalPort());
    System.out.flush();
    Thread stop = new Thread(() -> {
      try {
        while (System.in.read() != -1) {}
      } catch (Exception e) {
        // stdin gone: stop either way
      }
      System.exit(0);
    });
    stop.setDaemon(true);
    stop.start();
    while (true) {
      SSLSocket s = (SSLSocket) server.accept();
      new Thread(() -> {
        try (SSLSocket c = s) {
          c.setSoTimeout(10000);
          c.startHandshake();
          OutputStream out = c.getOutputStream();
          out.write("ok".getBytes());
          out.flush();
        } catch (Exception e) {
          System.err.println(e);
        }
      }).start();
    }
  }
}
