package dev.mars.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a listen address keeps a listener to this machine. */
public final class Loopback {

  private Loopback() {}

  /** False for an empty address or {@code *}: those are every interface. */
  public static boolean isLoopback(String address) {
    if (address == null || address.isBlank() || address.equals("*")) {
      return false;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
