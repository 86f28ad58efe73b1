//! The diesel schema, written by hand to match both `migrations/sqlite` and `migrations/postgres`.

diesel::table! {
    projects (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    regions (code) {
        code -> Text,
        name -> Text,
        province -> Text,
        active -> Bool,
    }
}

diesel::table! {
    questionnaire_versions (id) {
        id -> Text,
        questionnaire_key -> Text,
        version -> Integer,
        kind -> Text,
        extends_key -> Nullable<Text>,
        title_nl -> Text,
        title_en -> Text,
        definition -> Text,
        checksum -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    collection_points (id) {
        id -> Text,
        project_id -> Text,
        slug -> Text,
        name -> Text,
        questionnaire_version_id -> Text,
        default_region_code -> Nullable<Text>,
        opens_at -> Nullable<Timestamp>,
        closes_at -> Nullable<Timestamp>,
        languages -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    collection_point_modules (collection_point_id, questionnaire_version_id) {
        collection_point_id -> Text,
        questionnaire_version_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    channels (id) {
        id -> Text,
        project_id -> Text,
        code -> Text,
        label -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        role -> Text,
        password_hash -> Text,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        deactivated_at -> Nullable<Timestamp>,
        last_point -> Nullable<Text>,
        regions -> Text,
        projects -> Text,
    }
}

diesel::table! {
    stories (id) {
        id -> Text,
        collection_point_id -> Text,
        questionnaire_version_id -> Text,
        channel_id -> Nullable<Text>,
        role -> Text,
        language -> Text,
        title -> Nullable<Text>,
        body -> Text,
        word_count -> Integer,
        region_code -> Nullable<Text>,
        complete -> Bool,
        synthetic -> Bool,
        source -> Text,
        flagged -> Bool,
        review_status -> Text,
        receipt_hash -> Nullable<Text>,
        entered_by -> Nullable<Text>,
        submitted_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        revision -> BigInt,
    }
}

diesel::table! {
    story_revisions (collection_point_id) {
        collection_point_id -> Text,
        revision -> BigInt,
    }
}

diesel::table! {
    answers (id) {
        id -> Text,
        story_id -> Text,
        questionnaire_version_id -> Text,
        question_id -> Text,
        kind -> Text,
        not_applicable -> Bool,
        number_value -> Nullable<Double>,
        option_value -> Nullable<Text>,
        text_value -> Nullable<Text>,
        triad_a -> Nullable<Double>,
        triad_b -> Nullable<Double>,
        triad_c -> Nullable<Double>,
    }
}

diesel::table! {
    answer_options (answer_id, option_id) {
        answer_id -> Text,
        option_id -> Text,
    }
}

diesel::joinable!(collection_points -> projects (project_id));
diesel::joinable!(collection_points -> questionnaire_versions (questionnaire_version_id));
diesel::joinable!(collection_point_modules -> collection_points (collection_point_id));
diesel::joinable!(collection_point_modules -> questionnaire_versions (questionnaire_version_id));
diesel::joinable!(channels -> projects (project_id));
diesel::joinable!(stories -> collection_points (collection_point_id));
diesel::joinable!(stories -> channels (channel_id));
diesel::joinable!(answers -> stories (story_id));
diesel::joinable!(answer_options -> answers (answer_id));

diesel::allow_tables_to_appear_in_same_query!(
    projects,
    story_revisions,
    regions,
    questionnaire_versions,
    collection_points,
    collection_point_modules,
    channels,
    users,
    stories,
    answers,
    answer_options,
);

diesel::table! {
    staff_sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    app_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(staff_sessions -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(staff_sessions, users);

diesel::table! {
    pattern_runs (id) {
        id -> Text,
        collection_points -> Text,
        selection -> Text,
        subgroup -> Nullable<Text>,
        preset -> Text,
        preset_definition -> Text,
        engine_version -> Text,
        stories -> Integer,
        tests -> Integer,
        strong -> Integer,
        results_sha256 -> Text,
        results -> Text,
        started_at -> Timestamp,
        finished_at -> Timestamp,
        synthetic_stories -> Integer,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(api_tokens, users);

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    answers::question_id,
    answer_options::option_id
);

diesel::table! {
    pattern_charts (run_id, name) {
        run_id -> Text,
        name -> Text,
        svg -> Text,
    }
}

diesel::joinable!(pattern_charts -> pattern_runs (run_id));
diesel::allow_tables_to_appear_in_same_query!(pattern_charts, pattern_runs);

diesel::table! {
    story_themes (story_id, theme) {
        story_id -> Text,
        theme -> Text,
        tagged_by -> Nullable<Text>,
        tagged_at -> Timestamp,
    }
}

diesel::joinable!(story_themes -> stories (story_id));
diesel::allow_tables_to_appear_in_same_query!(story_themes, stories);

diesel::table! {
    review_decisions (id) {
        id -> Text,
        story_id -> Text,
        decision -> Text,
        decided_by -> Nullable<Text>,
        decided_at -> Timestamp,
    }
}

diesel::joinable!(review_decisions -> stories (story_id));
diesel::joinable!(review_decisions -> users (decided_by));
diesel::allow_tables_to_appear_in_same_query!(review_decisions, stories);
diesel::allow_tables_to_appear_in_same_query!(review_decisions, users);
diesel::allow_tables_to_appear_in_same_query!(review_decisions, collection_points);

diesel::table! {
    observation_cards (id) {
        id -> Text,
        run_id -> Text,
        pattern_id -> Text,
        pattern -> Text,
        chart -> Nullable<Text>,
        observation -> Text,
        interpretation_a -> Text,
        interpretation_b -> Text,
        status -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    card_stories (card_id, position) {
        card_id -> Text,
        position -> Integer,
        story_id -> Text,
        quote -> Text,
    }
}

diesel::joinable!(observation_cards -> pattern_runs (run_id));
diesel::joinable!(observation_cards -> users (created_by));
diesel::joinable!(card_stories -> observation_cards (card_id));
diesel::joinable!(card_stories -> stories (story_id));
diesel::allow_tables_to_appear_in_same_query!(observation_cards, pattern_runs);
diesel::allow_tables_to_appear_in_same_query!(observation_cards, users);
diesel::allow_tables_to_appear_in_same_query!(observation_cards, card_stories);
diesel::allow_tables_to_appear_in_same_query!(card_stories, stories);
diesel::allow_tables_to_appear_in_same_query!(card_stories, collection_points);
diesel::allow_tables_to_appear_in_same_query!(observation_cards, stories);
diesel::allow_tables_to_appear_in_same_query!(observation_cards, collection_points);
diesel::allow_tables_to_appear_in_same_query!(pattern_runs, users);

diesel::table! {
    facilitation_sessions (id) {
        id -> Text,
        title -> Text,
        goal -> Text,
        region_code -> Nullable<Text>,
        starts_at -> Timestamp,
        place -> Text,
        mode -> Text,
        status -> Text,
        prompt_form -> Text,
        join_code -> Text,
        joining_open -> Bool,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        current_step -> Nullable<Integer>,
        step_started_at -> Nullable<Timestamp>,
        step_paused_at -> Nullable<Timestamp>,
        message -> Nullable<Text>,
        private_writing -> Bool,
        revealed_at -> Nullable<Timestamp>,
        report_hash -> Nullable<Text>,
        project_id -> Nullable<Text>,
    }
}

diesel::table! {
    session_facilitators (session_id, user_id) {
        session_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    session_steps (session_id, position) {
        session_id -> Text,
        position -> Integer,
        title -> Text,
        minutes -> Integer,
    }
}

diesel::table! {
    session_tables (id) {
        id -> Text,
        session_id -> Text,
        position -> Integer,
        name -> Text,
        composition -> Text,
        figures_title -> Nullable<Text>,
        figures_source -> Nullable<Text>,
        figures -> Nullable<Text>,
    }
}

diesel::table! {
    table_items (table_id, position) {
        table_id -> Text,
        position -> Integer,
        kind -> Text,
        ref_id -> Text,
    }
}

diesel::table! {
    session_participants (id) {
        id -> Text,
        session_id -> Text,
        table_id -> Nullable<Text>,
        perspective -> Text,
        first_name -> Nullable<Text>,
        token_hash -> Text,
        joined_at -> Timestamp,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    postits (id) {
        id -> Text,
        session_id -> Text,
        table_id -> Text,
        item_kind -> Text,
        item_ref -> Text,
        participant_id -> Nullable<Text>,
        written_by -> Nullable<Text>,
        category -> Text,
        text -> Text,
        so_that -> Nullable<Text>,
        flagged -> Bool,
        hidden -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        cluster_id -> Nullable<Text>,
    }
}

diesel::table! {
    session_events (seq) {
        seq -> BigInt,
        session_id -> Text,
        table_id -> Nullable<Text>,
        kind -> Text,
        subject_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(session_facilitators -> facilitation_sessions (session_id));
diesel::joinable!(session_tables -> facilitation_sessions (session_id));
diesel::joinable!(postits -> session_tables (table_id));
diesel::allow_tables_to_appear_in_same_query!(facilitation_sessions, session_facilitators);
diesel::allow_tables_to_appear_in_same_query!(facilitation_sessions, session_tables);
diesel::allow_tables_to_appear_in_same_query!(postits, session_tables);
diesel::allow_tables_to_appear_in_same_query!(postits, session_participants);

diesel::table! {
    clusters (id) {
        id -> Text,
        session_id -> Text,
        table_id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    session_votes (id) {
        id -> Text,
        session_id -> Text,
        budget -> Integer,
        opened_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    vote_dots (vote_id, participant_id, cluster_id) {
        vote_id -> Text,
        participant_id -> Text,
        cluster_id -> Text,
        dots -> Integer,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        session_id -> Text,
        table_id -> Text,
        cluster_id -> Nullable<Text>,
        title -> Text,
        we_should -> Text,
        so_that -> Text,
        first_actions -> Text,
        conditions -> Text,
        progress_sharing -> Text,
        owner_name -> Nullable<Text>,
        owner_role -> Nullable<Text>,
        owner_participant_id -> Nullable<Text>,
        owner_accepted_at -> Nullable<Timestamp>,
        first_date -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        follow_up_hash -> Nullable<Text>,
        theme -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(vote_dots, clusters);

diesel::table! {
    proposal_updates (id) {
        id -> Text,
        proposal_id -> Text,
        recorded_at -> Timestamp,
        kind -> Text,
        by_owner -> Bool,
        user_id -> Nullable<Text>,
        author -> Text,
        happened_on -> Nullable<Text>,
        status_before -> Text,
        status_after -> Text,
        note -> Text,
        flagged -> Bool,
    }
}

diesel::joinable!(proposal_updates -> proposals (proposal_id));
diesel::allow_tables_to_appear_in_same_query!(proposal_updates, proposals);
diesel::allow_tables_to_appear_in_same_query!(proposals, facilitation_sessions);

diesel::table! {
    session_evaluations (session_id, participant_id) {
        session_id -> Text,
        participant_id -> Text,
        useful -> Nullable<Integer>,
        heard -> Nullable<Integer>,
        follow_up -> Nullable<Integer>,
        remark -> Text,
        flagged -> Bool,
        answered_at -> Timestamp,
    }
}

diesel::table! {
    decks (id) {
        id -> Text,
        name -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deck_items (deck_id, position) {
        deck_id -> Text,
        position -> Integer,
        kind -> Text,
        ref_id -> Text,
    }
}

diesel::table! {
    card_comparisons (id) {
        id -> Text,
        card_id -> Text,
        label -> Text,
        selection -> Text,
        stories -> Integer,
        pattern -> Nullable<Text>,
        chart -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        synthetic_stories -> Integer,
    }
}

diesel::joinable!(card_comparisons -> observation_cards (card_id));
