package dev.rapport.web;

/**
 * The roles a bearer token's {@code groups} claim carries, one per kind of caller. Every API
 * endpoint names the roles it admits; {@code admin} is admitted everywhere, and some things
 * (erasure, merge, export, the company contact policy) only an admin may do.
 */
public final class Roles {

    /** Web, app, POS and IVR front ends: interactions, profiles, consent, transactional messages. */
    public static final String CHANNEL_APP = "channel-app";
    /** Segments, campaigns, results and analytics. */
    public static final String MARKETER = "marketer";
    /** Call-center agents: the conversation view, agent messages, the task queue. */
    public static final String AGENT = "agent";
    /** Everything, including what touches customer rights and company-wide settings. */
    public static final String ADMIN = "admin";
    /** Operations: delivery status, the print file, the policy in force; no customer data beyond ids. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
