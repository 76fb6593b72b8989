# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.
# What differs per environment. Secrets have no default: give them with TF_VAR_<name> or a
# *.tfvars file kept out of git.

variable "kubeconfig" {
  description = "Path of the kubeconfig file"
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "kubeconfig context to deploy to (empty: the current one)"
  type        = string
  default     = null
}

variable "namespace" {
  description = "Namespace the app is deployed into (created)"
  type        = string
  default     = "{{name}}"
}

variable "name" {
  description = "Name of the app's Deployment and Service"
  type        = string
  default     = "{{name}}"
}

variable "image" {
  description = "The app's image, pushed where the cluster can pull it"
  type        = string
  default     = "{{name}}:latest"
}

variable "port" {
  description = "Port the app listens on"
  type        = number
  default     = {{port}}
}

variable "replicas" {
  description = "Copies of the app"
  type        = number
  default     = {{replicas}}
}

variable "cpu_limit" {
  description = "CPU the app may use"
  type        = string
  default     = "{{cpu}}"
}

variable "memory_limit" {
  description = "Memory the app may use"
  type        = string
  default     = "{{memory}}"
}
