{{/* Names and labels. */}}
{{- define "refmap.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 50 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "refmap.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "refmap.labels" -}}
{{ include "refmap.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "refmap.image" -}}
{{- if .Values.image.digest -}}{{ .Values.image.repository }}@{{ .Values.image.digest }}{{- else -}}{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}{{- end -}}
{{- end -}}

{{- define "refmap.databaseSecretName" -}}
{{- if .Values.database.cloudnativepg.enabled -}}{{ include "refmap.fullname" . }}-db-app{{- else -}}{{ .Values.credentials.secretName }}{{- end -}}
{{- end -}}

{{/*
The secret files of one component, as a projected volume: only the keys it uses.
Call with (dict "root" $ "component" "web"|"collector"|"verify").
*/}}
{{- define "refmap.secretsVolume" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
- name: secrets
  projected:
    defaultMode: 0440
    sources:
      - secret:
          name: {{ include "refmap.databaseSecretName" $root }}
          items:
            - key: {{ ternary "uri" "database-url" $v.database.cloudnativepg.enabled }}
              path: database-url
      {{- $keys := list }}
      {{- if and $v.signing.enabled (ne .component "verify") }}{{ $keys = append $keys "signing-key" }}{{ end }}
      {{- if eq .component "web" }}
      {{- $keys = append $keys "session-secret" }}
      {{- if $v.oidc.enabled }}{{ $keys = append $keys "oidc-client-secret" }}{{ end }}
      {{- if $v.metrics.token.enabled }}{{ $keys = append $keys "metrics-token" }}{{ end }}
      {{- end }}
      {{- if $keys }}
      - secret:
          name: {{ $v.credentials.secretName }}
          items:
            {{- range $keys }}
            - key: {{ . }}
              path: {{ . }}
            {{- end }}
      {{- end }}
{{- if and $v.credentials.sourcesSecret (ne .component "verify") }}
- name: source-credentials
  secret:
    secretName: {{ $v.credentials.sourcesSecret }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{/* The environment of one component: files, never secret values. Same argument as above. */}}
{{- define "refmap.env" -}}
{{- $v := .root.Values -}}
- name: DATABASE_URL_FILE
  value: /etc/refmap/secrets/database-url
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: REFMAP_COLLECT_INTERVAL
  value: {{ $v.collectInterval | quote }}
- name: REFMAP_SOURCE_TIMEOUT
  value: {{ $v.sourceTimeout | quote }}
{{- if ne .component "verify" }}
{{- /* verify reads the database only; the clusters file names source credentials it has no access to */}}
- name: REFMAP_CONFIG
  value: /etc/refmap/config/refmap.yaml
{{- end }}
{{- if and $v.signing.enabled (ne .component "verify") }}
- name: REFMAP_SIGNING_KEY_FILE
  value: /etc/refmap/secrets/signing-key
{{- end }}
{{- if eq .component "web" }}
- name: REFMAP_SESSION_SECRET_FILE
  value: /etc/refmap/secrets/session-secret
{{- if $v.publicUrl }}
- name: REFMAP_PUBLIC_URL
  value: {{ $v.publicUrl | quote }}
{{- end }}
{{- if $v.metrics.token.enabled }}
- name: REFMAP_METRICS_TOKEN_FILE
  value: /etc/refmap/secrets/metrics-token
{{- end }}
{{- if $v.oidc.enabled }}
- name: REFMAP_OIDC_ISSUER
  value: {{ required "oidc.issuer is required with oidc.enabled" $v.oidc.issuer | quote }}
- name: REFMAP_OIDC_CLIENT_ID
  value: {{ $v.oidc.clientId | quote }}
- name: REFMAP_OIDC_CLIENT_SECRET_FILE
  value: /etc/refmap/secrets/oidc-client-secret
- name: REFMAP_OIDC_GROUPS_CLAIM
  value: {{ $v.oidc.groupsClaim | quote }}
- name: REFMAP_OIDC_SCOPES
  value: {{ $v.oidc.scopes | quote }}
- name: REFMAP_ROLE_MAPPING
  value: {{ required "oidc.roleMapping is required with oidc.enabled" $v.oidc.roleMapping | quote }}
{{- end }}
{{- end }}
{{- if ne .component "web" }}
{{- /* The command-line jobs serve no HTTP (no port, no Service, ingress denied); start-up still asks
for a sign-in mode, and this one needs neither the session nor the OIDC secret. */}}
- name: REFMAP_ALLOW_LOCAL_SIGNIN
  value: "true"
{{- else if not $v.oidc.enabled }}
{{- if not $v.localSignIn }}{{ fail "oidc.enabled: sign-in needs OIDC (or localSignIn: true for a trial, where anyone picks any role)" }}{{ end }}
- name: REFMAP_ALLOW_LOCAL_SIGNIN
  value: "true"
{{- end }}
{{- end -}}

{{- define "refmap.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: /etc/refmap/config
  readOnly: true
- name: secrets
  mountPath: /etc/refmap/secrets
  readOnly: true
{{- if and .root.Values.credentials.sourcesSecret (ne .component "verify") }}
- name: source-credentials
  mountPath: /etc/refmap/credentials
  readOnly: true
{{- end }}
{{- end -}}

{{- define "refmap.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
- name: config
  configMap:
    name: {{ include "refmap.fullname" .root }}-config
{{ include "refmap.secretsVolume" . }}
{{- end -}}

{{/* One container's hardening, the same for every component. */}}
{{- define "refmap.containerSecurity" -}}
securityContext:
  {{- toYaml .Values.containerSecurityContext | nindent 2 }}
{{- end -}}

{{/*
Egress to the hosts of a list of URLs: in-cluster service names (host.NAMESPACE.svc…) by namespace,
every other host by the addresses given in networkPolicy.hostCIDRs (rendering fails without them).
Call with (dict "root" $ "urls" (list …)).
*/}}
{{- define "refmap.egressToURLs" -}}
{{- $cidrs := .root.Values.networkPolicy.hostCIDRs -}}
{{- range $url := .urls | uniq }}
{{- $parsed := urlParse $url }}
{{- $hostPort := splitList ":" $parsed.host }}
{{- $host := first $hostPort }}
{{- $port := ternary (last $hostPort) (ternary "443" "80" (eq $parsed.scheme "https")) (eq (len $hostPort) 2) }}
# {{ $url }}
- ports:
    - protocol: TCP
      port: {{ $port | int }}
  to:
  {{- $labels := splitList "." $host }}
  {{- if and (ge (len $labels) 3) (eq (index $labels 2) "svc") }}
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ index $labels 1 }}
  {{- else }}
  {{- $hostCIDRs := get $cidrs $host }}
  {{- if not $hostCIDRs }}{{ fail (printf "networkPolicy.hostCIDRs has no addresses for %s (from %s): NetworkPolicy cannot name hosts" $host $url) }}{{ end }}
  {{- range $hostCIDRs }}
    - ipBlock:
        cidr: {{ . }}
  {{- end }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The URL of every source the configured clusters read (sameAs, kubeconfig and inCluster have none). */}}
{{- define "refmap.sourceURLs" -}}
{{- $urls := list -}}
{{- range .Values.clusters -}}
{{- range $name, $settings := . -}}
{{- if and (kindIs "map" $settings) (hasKey $settings "url") -}}{{- $urls = append $urls $settings.url -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $urls -}}
{{- end -}}

{{- define "refmap.usesInCluster" -}}
{{- $found := false -}}
{{- range .Values.clusters -}}{{- if and .kubernetes .kubernetes.inCluster -}}{{- $found = true -}}{{- end -}}{{- end -}}
{{- $found -}}
{{- end -}}
