package dev.mars.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller method take the {@link Viewer} of the request as a parameter. */
final class ViewerArguments implements HandlerMethodArgumentResolver {

  private final Viewers viewers;

  ViewerArguments(Viewers viewers) {
    this.viewers = viewers;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Viewer.class;
  }

  @Override
  public Viewer resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer container,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
    return viewers.of(http == null ? null : http.getUserPrincipal());
  }
}
