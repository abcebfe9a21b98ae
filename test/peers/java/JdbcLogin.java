// A pgJDBC client for the export peer test: logs in with sslmode=verify-full, a client
// certificate, its key as PKCS#8 DER (.pk8, pgJDBC's format) and the root CA, and prints
// the user the server saw. Uses the Debian package libpostgresql-jdbc-java.
//
//   java -cp /usr/share/java/postgresql.jar JdbcLogin.java HOST PORT USER CERT PK8 ROOT
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;

public class JdbcLogin {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", args[2]);
    p.setProperty("sslmode", "verify-full");
    p.setProperty("sslcert", args[3]);
    p.setProperty("sslkey", args[4]);
    p.setProperty("sslrootcert", args[5]);
    p.setProperty("connectTimeout", "20");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres", p);
        ResultSet r = c.createStatement().executeQuery("SELECT current_user, ssl FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()")) {
      r.next();
      System.out.println("user=" + r.getString(1) + " ssl=" + r.getBoolean(2));
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) System.out.println("error: " + t);
      System.exit(1);
    }
  }
}
