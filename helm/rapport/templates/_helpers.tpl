{{/*
Names. Every resource is "<fullname>-<service>", e.g. rapport-profile-service for the release "rapport".
*/}}
{{- define "rapport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 40 | trimSuffix "-" }}
{{- end }}

{{- define "rapport.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rapport.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The four services, in a fixed order: key in .Values.services -> application name. */}}
{{- define "rapport.serviceKeys" -}}
profile interaction campaign delivery
{{- end }}

{{/* Every topic of SPEC section 1; all keyed by customer id. */}}
{{- define "rapport.topics" -}}
rapport.profile.events rapport.interaction.events rapport.interaction.ingest rapport.delivery.requests rapport.delivery.events rapport.dead-letter
{{- end }}

{{/* Labels shared by everything the chart renders. */}}
{{- define "rapport.commonLabels" -}}
helm.sh/chart: {{ include "rapport.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: rapport
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Labels of one service's resources; call with (dict "root" $ "app" "profile-service"). */}}
{{- define "rapport.labels" -}}
app.kubernetes.io/name: {{ .app }}
{{ include "rapport.commonLabels" .root }}
{{- end }}

{{- define "rapport.selectorLabels" -}}
app.kubernetes.io/name: {{ .app }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "rapport.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rapport.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Resolves one service into the dict every template uses. Call as
  {{- $s := dict }}{{- include "rapport.resolve" (dict "root" $ "key" "profile" "out" $s) }}
A service's own key replaces the key of .Values.defaults as a whole (maps and lists are not merged).
*/}}
{{- define "rapport.resolve" -}}
{{- $root := .root }}
{{- $s := .out }}
{{- $svc := index $root.Values.services .key }}
{{- $_ := set $s "key" .key }}
{{- $_ := set $s "app" (printf "%s-service" .key) }}
{{- $_ := set $s "name" (printf "%s-%s" (include "rapport.fullname" $root) $s.app) }}
{{- $_ := set $s "enabled" $svc.enabled }}
{{- $_ := set $s "port" $svc.port }}
{{- range $k, $v := $root.Values.defaults }}
{{- $_ := set $s $k (ternary (index $svc $k) $v (hasKey $svc $k)) }}
{{- end }}
{{- if not (hasKey $svc "resources") }}
{{- $_ := set $s "resources" (index $root.Values.defaults.resources $s.mode) }}
{{- end }}
{{- $image := $svc.image | default dict }}
{{- $repository := $image.repository | default (printf "%s/%s" $root.Values.image.registry $s.app) }}
{{- $tag := $image.tag }}
{{- if not $tag }}
{{- $tag = $root.Values.image.tag | default $root.Chart.AppVersion }}
{{- if eq $s.mode "native" }}
{{- $tag = printf "%s%s" $tag $root.Values.image.nativeTagSuffix }}
{{- end }}
{{- end }}
{{- $_ := set $s "image" (printf "%s:%s" $repository $tag) }}
{{- /* the images' working directories; Quarkus reads config/application.properties relative to it */}}
{{- $_ := set $s "workDir" (ternary "/work" "/deployments" (eq $s.mode "native")) }}
{{- $db := $svc.database }}
{{- $pg := $root.Values.postgresql }}
{{- $host := $db.host | default $pg.host }}
{{- $port := $db.port | default $pg.port }}
{{- $query := "" }}
{{- if $pg.sslMode }}
{{- $query = printf "?sslmode=%s" $pg.sslMode }}
{{- end }}
{{- $_ := set $s "reactiveUrl" ($db.reactiveUrl | default (printf "postgresql://%s:%v/%s%s" $host $port $db.name $query)) }}
{{- $_ := set $s "jdbcUrl" ($db.jdbcUrl | default (printf "jdbc:postgresql://%s:%v/%s%s" $host $port $db.name $query)) }}
{{- $_ := set $s "poolSize" ($db.poolSize | default 20) }}
{{- $_ := set $s "credentials" (mergeOverwrite (deepCopy $pg.credentials) ($db.credentials | default dict)) }}
{{- if gt (len $s.name) 63 }}
{{- fail (printf "%s is longer than 63 characters: shorten the release name or set fullnameOverride" $s.name) }}
{{- end }}
{{- end }}

{{/* A service's extra Quarkus properties as an application.properties file; call with the resolved service. */}}
{{- define "rapport.applicationProperties" -}}
# extra configuration from the Helm values (defaults.config / services.<name>.config)
{{- range $k, $v := .config }}
{{ $k }}={{ $v }}
{{- end }}
{{- end }}
