package dev.mars.access;

import java.security.Principal;
import java.util.HashSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Turns who called into a {@link Viewer}: with access control off, everyone sees everything; on, an
 * authenticated caller sees the apps its authorities grant ({@code APP_<id>}, {@code APP_*}) and
 * anyone else sees nothing.
 */
public final class Viewers {

  /** Authorities that grant an app: {@code APP_checkout}, {@code APP_*}. */
  public static final String APP_PREFIX = "APP_";

  private static final Viewer NOBODY = new Viewer("nobody", Set.of(), false);

  private final boolean accessControl;

  public Viewers(boolean accessControl) {
    this.accessControl = accessControl;
  }

  public boolean accessControl() {
    return accessControl;
  }

  public Viewer of(Principal principal) {
    if (!accessControl) {
      return Viewer.EVERYONE;
    }
    if (!(principal instanceof Authentication authentication)
        || !authentication.isAuthenticated()) {
      return NOBODY;
    }
    Set<String> apps = new HashSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      String name = authority.getAuthority();
      if (name != null && name.startsWith(APP_PREFIX)) {
        String app = name.substring(APP_PREFIX.length());
        if (app.equals("*")) {
          return new Viewer(authentication.getName(), Set.of(), true);
        }
        apps.add(app);
      }
    }
    return new Viewer(authentication.getName(), apps, false);
  }
}
