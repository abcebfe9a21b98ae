// A pgjdbc client for the connection-string peer tests: opens each JDBC URL given
// (with the driver's own TLS handling: LibPQFactory, sslmode, sslrootcert, sslcert,
// sslkey as PKCS#8 DER), runs `select current_user`, and prints OK or the whole
// exception chain. One JVM for all URLs; relative paths resolve against the
// working directory, as for any JDBC client.
//
//   java -cp postgresql.jar PgConnect.java URL [URL ...]
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

public class PgConnect {
  public static void main(String[] args) {
    for (String url : args) {
      System.out.println("=== " + url);
      try (Connection c = DriverManager.getConnection(url); ResultSet r = c.createStatement().executeQuery("select current_user")) {
        r.next();
        System.out.println("OK " + r.getString(1));
      } catch (Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) System.out.println(t);
      }
    }
  }
}
