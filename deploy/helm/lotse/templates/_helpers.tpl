{{/* The release's name prefix for every object, at most 63 characters. */}}
{{- define "lotse.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; call with (dict "ctx" $ "component" "broker"). */}}
{{- define "lotse.labels" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}

{{/* The labels a Service or NetworkPolicy selects pods by. */}}
{{- define "lotse.selectorLabels" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image reference; call with (dict "ctx" $ "name" "broker"). */}}
{{- define "lotse.image" -}}
{{- printf "%s/%s:%s" .ctx.Values.image.registry .name (.ctx.Values.image.tag | default .ctx.Chart.AppVersion) -}}
{{- end -}}

{{/* Names of the Secrets: the existing one, or the chart's. */}}
{{- define "lotse.databaseSecret" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "lotse.fullname" .)) -}}
{{- end -}}
{{- define "lotse.kekSecret" -}}
{{- .Values.kek.existingSecret | default (printf "%s-kek" (include "lotse.fullname" .)) -}}
{{- end -}}
{{- define "lotse.portalAuthSecret" -}}
{{- .Values.portalAuth.existingSecret | default (printf "%s-portal-auth" (include "lotse.fullname" .)) -}}
{{- end -}}

{{/* The DATABASE_URL variable from its Secret. */}}
{{- define "lotse.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "lotse.databaseSecret" . }}
      key: {{ .Values.database.existingSecretKey }}
{{- end -}}

{{/* Pod-level settings shared by every workload. */}}
{{- define "lotse.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* HTTP probes: liveness /healthz, readiness /readyz; call with the port name. */}}
{{- define "lotse.probes" -}}
startupProbe:
  httpGet: { path: /healthz, port: {{ . }} }
  periodSeconds: 2
  failureThreshold: 30
livenessProbe:
  httpGet: { path: /healthz, port: {{ . }} }
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 6
readinessProbe:
  httpGet: { path: /readyz, port: {{ . }} }
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end -}}

{{/*
  The sandbox's HTTPS listener for mutual TLS (RFC 8705, the insurer sued's mtls_endpoint_aliases):
  the brokers alone call it, inside the cluster, by its Service's name; its self-signed server
  certificate lives in a Secret that the sandbox serves and the brokers trust.
*/}}
{{- define "lotse.sandboxMtlsHost" -}}
{{- printf "%s-sandbox.%s.svc" (include "lotse.fullname" .) .Release.Namespace -}}
{{- end -}}
{{- define "lotse.sandboxTlsSecret" -}}
{{- printf "%s-sandbox-tls" (include "lotse.fullname" .) -}}
{{- end -}}
